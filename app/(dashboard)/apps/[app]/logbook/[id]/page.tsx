import type { Metadata } from "next";
import { LogbookView } from "@/components/actions/logbook-view";

type Params = { params: Promise<{ app: string; id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Logbook · ${(await params).app}` };
}

export default async function LogbookPage({ params }: Params) {
  const { app, id } = await params;
  return <LogbookView appName={app} id={id} />;
}
