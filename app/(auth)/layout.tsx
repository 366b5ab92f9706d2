import Link from "next/link";
import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Link href="/" className="mb-8 flex items-center gap-2 text-xl font-bold text-slate-900">
        <span
          aria-hidden
          className="grid h-8 w-8 place-items-center rounded-md bg-brand-600 text-sm text-white"
        >
          30
        </span>
        thirtyloops
      </Link>
      <main className="w-full max-w-md">{children}</main>
    </div>
  );
}
