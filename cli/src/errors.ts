/** An error meant for the person at the terminal: printed as is, then exit with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** The server answered with one of the API's `{code, error}` bodies. */
export class ApiError extends CliError {
  readonly status: number;
  readonly body: string;
  constructor(status: number, message: string, body: string) {
    super(`${message} (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}
