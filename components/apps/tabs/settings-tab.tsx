"use client";

import { useState } from "react";
import { Card } from "@/components/ui/card";
import type { EnvChangeOutcome } from "@/server/services/apps/apply-env-change";
import { AppSettingsCard } from "../app-settings-card";
import { CnamesCard } from "../cnames-card";
import { DeleteAppDialog } from "../delete-app-dialog";
import { EnvChangeNotice } from "../env-change-notice";
import { EnvVarsEditor } from "../env-vars-editor";
import { useUpdateApp } from "../use-app";
import { useTabApp } from "./use-tab-app";

export function SettingsTab({ name }: { name: string }) {
  const app = useTabApp(name);
  const update = useUpdateApp(name);
  const [envChange, setEnvChange] = useState<EnvChangeOutcome | null>(null);
  if (!app) return null;
  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-2">
        <AppSettingsCard app={app} />
        <Card
          title="Environment variables"
          description="Given to every app instance; override thirty.ini [variables]. Changing them restarts a running app."
        >
          <div className="space-y-3">
            <EnvChangeNotice appName={name} outcome={envChange} />
            <EnvVarsEditor
              scope="app"
              vars={app.envvars}
              onSave={async (envvars) => {
                setEnvChange(null);
                const saved = await update.mutateAsync({ name, changes: { envvars } });
                setEnvChange(saved.envChange);
              }}
            />
          </div>
        </Card>
        <CnamesCard app={app} />
      </div>
      <Card title="Danger zone">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-600">
            Deleting the app removes its services and instances. It cannot be undone.
          </p>
          <DeleteAppDialog app={app} />
        </div>
      </Card>
    </div>
  );
}
