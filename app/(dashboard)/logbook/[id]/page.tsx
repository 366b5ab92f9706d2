import type { Metadata } from "next";
import { LogbookView } from "@/components/actions/logbook-view";

type Params = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Logbook" };

/** A logbook of the account's that outlives its app: an app's deletion. */
export default async function AccountLogbookPage({ params }: Params) {
  const { id } = await params;
  return <LogbookView id={id} />;
}
