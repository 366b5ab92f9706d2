"use client";

import { usernameClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

// Same origin as the page, so the cookie and the origin check always agree.
export const authClient = createAuthClient({ plugins: [usernameClient()] });
