import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/lib/trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "thirtyloops", template: "%s · thirtyloops" },
  description: "Deploy Python and static apps from git or mercurial, with zero downtime.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
