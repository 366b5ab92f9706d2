import type { Metadata } from "next";
import { CreateAppForm } from "@/components/apps/create-app-form";

export const metadata: Metadata = { title: "New app" };

export default function NewAppPage() {
  return <CreateAppForm />;
}
