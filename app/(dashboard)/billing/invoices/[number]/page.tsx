import type { Metadata } from "next";
import { InvoiceDocument } from "@/components/billing/invoice-document";

type Params = { params: Promise<{ number: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Invoice ${(await params).number}` };
}

export default async function InvoicePage({ params }: Params) {
  const { number } = await params;
  return <InvoiceDocument number={number} />;
}
