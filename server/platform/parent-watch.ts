/**
 * Ends this process when the process that started it is gone, however it went (a SIGKILL
 * runs no handler, so the parent cannot take its children down). Two signals, either
 * enough: the launcher gives us the write end of a pipe as stdin, which the kernel closes
 * when the launcher dies; and our parent pid changes when we are re-parented to init or a
 * subreaper. The pipe is instant; the poll covers a stdin that is not that pipe.
 */
export function exitWithParent(onGone: (why: string) => void, pollMs = 500): void {
  const parent = process.ppid;
  let gone = false;
  const fire = (why: string) => {
    if (gone) return;
    gone = true;
    onGone(why);
  };
  if (process.env.THIRTY_PARENT_PIPE === "stdin") {
    process.stdin.on("end", () => fire("the launcher closed its pipe"));
    process.stdin.on("error", () => fire("the launcher's pipe failed"));
    process.stdin.resume();
  }
  const timer = setInterval(() => {
    if (process.ppid !== parent) fire(`the launcher (pid ${parent}) is gone`);
  }, pollMs);
  timer.unref();
}
