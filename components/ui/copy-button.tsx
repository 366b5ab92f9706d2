"use client";

import { useState } from "react";
import { Button, type ButtonProps } from "./button";

export type CopyButtonProps = {
  /** What goes to the clipboard. */
  text: string;
  /** The button's text ("Copy password"); "Copy" when the context says what. */
  label?: string;
  /** The name assistive technology reads when `label` alone is too short ("Copy secret"). */
  accessibleName?: string;
  variant?: ButtonProps["variant"];
};

/**
 * Copies `text` and says so on the button ("Copied"), or that it could not (the clipboard needs
 * a secure context: over plain http the user selects the text instead). The outcome is also
 * announced, since a screen reader keeps reading the accessible name.
 */
export function CopyButton({ text, label = "Copy", accessibleName, variant = "secondary" }: CopyButtonProps) {
  const [last, setLast] = useState<{ text: string; outcome: "copied" | "failed" } | null>(null);
  // What became of copying this very text: a new value has not been copied yet.
  const outcome = last?.text === text ? last.outcome : null;
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setLast({ text, outcome: "copied" });
    } catch {
      setLast({ text, outcome: "failed" });
    }
  };
  return (
    <>
      <Button variant={variant} size="sm" aria-label={accessibleName} onClick={() => void copy()}>
        {outcome === "copied" ? "Copied" : outcome === "failed" ? "Copy failed" : label}
      </Button>
      <span role="status" className="sr-only">
        {outcome === "copied"
          ? "Copied to the clipboard."
          : outcome === "failed"
            ? "Could not copy: select the text and copy it yourself."
            : ""}
      </span>
    </>
  );
}
