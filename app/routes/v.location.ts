import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "#app/forms/form.server.ts";
import { parseCode } from "#app/label-code/code.ts";
import { shareLocation } from "#app/verification/verification.server.ts";

export async function loader() {
  return redirect("/v");
}

/** The consumer chose to share an approximate location for the scan they just made. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const code = parseCode(String(form.get("code") ?? ""));
  if (!code.ok) return redirect("/v");
  const shared = shareLocation(
    code.bytes,
    String(form.get("ref") ?? ""),
    Number(form.get("lat")),
    Number(form.get("lng")),
  );
  const lang = form.get("lang") === "en" ? "en" : "zh-CN";
  const view = encodeURIComponent(String(form.get("view") ?? "").slice(0, 40));
  return redirect(`/v/${code.code}?lang=${lang}&view=${view}${shared ? "&located=1" : ""}`);
}
