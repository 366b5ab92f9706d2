import type { Metadata } from "next";
import { AppDetail } from "@/components/apps/app-detail";

type Params = { params: Promise<{ app: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).app };
}

export default async function AppPage({ params }: Params) {
  const { app } = await params;
  return <AppDetail name={app} />;
}
