import type { Metadata } from "next";
import { AccountCard } from "@/components/account/account-card";
import { AddUserForm } from "@/components/account/add-user-form";
import { ApiTokensCard } from "@/components/account/api-tokens-card";
import { UsersCard } from "@/components/account/users-card";

export const metadata: Metadata = { title: "Account" };

export default function AccountPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold text-slate-900">Account</h1>
      <AccountCard />
      <UsersCard />
      <AddUserForm />
      <ApiTokensCard />
    </div>
  );
}
