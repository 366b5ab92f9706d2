"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export type DumpUploadState =
  | { phase: "idle" }
  | { phase: "uploading"; loaded: number; total: number }
  | { phase: "uploaded"; uploadId: string; size: number }
  | { phase: "failed"; error: string };

/** What the upload route answers: the upload's id, or `{code, error}`. */
type UploadAnswer = { upload?: string; size?: number; error?: string };

function parseAnswer(text: string): UploadAnswer {
  try {
    return JSON.parse(text) as UploadAnswer;
  } catch {
    return {};
  }
}

/**
 * Sends a dump to the app's upload route with XMLHttpRequest, whose upload progress events
 * (unlike fetch's) say how much of the file has left the browser. The file is sent as is, so the
 * browser streams it from disk and declares its length.
 */
export function useDumpUpload(appName: string) {
  const [state, setState] = useState<DumpUploadState>({ phase: "idle" });
  const request = useRef<XMLHttpRequest | null>(null);

  // Leaving the page stops an upload in flight: the server then keeps nothing of it.
  useEffect(() => () => request.current?.abort(), []);

  const start = useCallback(
    (file: File) => {
      request.current?.abort();
      const xhr = new XMLHttpRequest();
      request.current = xhr;
      setState({ phase: "uploading", loaded: 0, total: file.size });
      xhr.upload.onprogress = (event) => {
        setState({
          phase: "uploading",
          loaded: event.loaded,
          total: event.lengthComputable ? event.total : file.size,
        });
      };
      xhr.onload = () => {
        request.current = null;
        const answer = parseAnswer(xhr.responseText);
        if (xhr.status === 201 && answer.upload)
          setState({ phase: "uploaded", uploadId: answer.upload, size: answer.size ?? file.size });
        else
          setState({
            phase: "failed",
            error: answer.error ?? `The upload failed (the server answered ${xhr.status}). Try again.`,
          });
      };
      xhr.onerror = () => {
        request.current = null;
        setState({
          phase: "failed",
          error: "The upload failed: the connection to the platform was lost. Check it and try again.",
        });
      };
      xhr.onabort = () => {
        if (request.current === xhr) request.current = null;
      };
      xhr.open("POST", `/api/uploads/${encodeURIComponent(appName)}`);
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.send(file);
    },
    [appName],
  );

  const cancel = useCallback(() => {
    request.current?.abort();
    request.current = null;
    setState({ phase: "idle" });
  }, []);

  const reset = useCallback(() => setState({ phase: "idle" }), []);

  return { state, start, cancel, reset };
}
