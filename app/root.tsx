import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import stylesHref from "./styles/app.css?url";
import { getUser } from "./accounts/auth.server.ts";
import { isProduction } from "./env.server.ts";
import { catalogScriptPath } from "./i18n/catalogs.ts";
import { langFromCookieHeader, translator, type Lang, type MessageKey } from "./i18n/i18n.ts";
import { useLang, useT } from "./i18n/use-t.ts";
import { useNonce } from "./ui/nonce.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  // Static files from public/ (served from build/client): see public/ and scripts/make-icons.ts.
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "apple-touch-icon", href: "/apple-touch-icon.png" },
];

export const meta: MetaFunction = () => [{ name: "color-scheme", content: "light" }];

// Short confirmations carried in the redirect URL; only these keys are ever shown.
const NOTICES = new Set<MessageKey>([
  "register.done",
  "login.loggedOut",
  "account.passwordChanged",
  "login.sessionExpired",
  "change.requested",
  "change.decided",
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = langFromCookieHeader(request.headers.get("Cookie"));
  const user = await getUser(request);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    lang,
    catalogScript: catalogScriptPath(lang),
    demo: !isProduction(),
    notice: noticeKey && NOTICES.has(noticeKey as MessageKey) ? (noticeKey as MessageKey) : null,
    user: user
      ? {
          displayName: user.displayName,
          username: user.username,
          role: user.role,
          isApprover: user.isApprover,
          enterpriseId: user.enterpriseId,
        }
      : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const lang = useLang();
  const nonce = useNonce();
  const catalogScript = useRouteLoaderData<RootData>("root")?.catalogScript;
  const t = translator(lang);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t("app.name")}</title>
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        {/* This page's language only, before the app starts (decision 033). */}
        {catalogScript ? <script src={catalogScript} nonce={nonce} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const data = useRouteLoaderData<RootData>("root");
  const t = useT();
  const lang = useLang();
  const location = useLocation();
  const here = location.pathname + location.search;
  const user = data?.user;
  const otherLang: Lang = lang === "en" ? "zh-CN" : "en";
  return (
    <header className="site">
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      <div className="bar">
        <a className="brand" href="/">
          {t("app.shortName")}
        </a>
        <nav className="main" aria-label={t("nav.main")}>
          <ul>
            <li>
              <a href="/">{t("nav.home")}</a>
            </li>
            <li>
              <a href="/marks">{t("nav.register")}</a>
            </li>
            <li>
              <a href="/announcements">{t("announcement.list")}</a>
            </li>
            <li>
              <a href="/inspections">{t("nav.inspections")}</a>
            </li>
            {user?.role === "admin" ? (
              <li>
                <a href="/admin/users">{t("nav.admin")}</a>
              </li>
            ) : null}
            {user?.role === "admin" ? (
              <li>
                <a href="/admin/audit">{t("audit.title")}</a>
              </li>
            ) : null}
            {user?.role === "admin" ? (
              <li>
                <a href="/admin/calendar">{t("calendar.title")}</a>
              </li>
            ) : null}
            {user?.role === "admin" || user?.role === "regulator" ? (
              <li>
                <a href="/admin/marks">{t("marks.admin")}</a>
              </li>
            ) : null}
            {user && user.role !== "printer" ? (
              <li>
                <a href="/ledger">{t("labels.ledgerTitle")}</a>
              </li>
            ) : null}
            {user?.role === "regulator" ? (
              <li>
                <a href="/regulator">{t("nav.regulator")}</a>
              </li>
            ) : null}
            {user?.role === "regulator" || user?.role === "admin" ? (
              <li>
                <a href="/regulator/dashboard">{t("dashboard.title")}</a>
              </li>
            ) : null}
            {user?.role === "enterprise" ? (
              <li>
                <a href={`/enterprises/${user.enterpriseId}`}>{t("nav.enterprise")}</a>
              </li>
            ) : null}
            {user?.role === "printer" ? (
              <li>
                <a href="/printer">{t("nav.printer")}</a>
              </li>
            ) : null}
            {!user ? (
              <li>
                <a href="/register">{t("nav.signUp")}</a>
              </li>
            ) : null}
          </ul>
        </nav>
        <div className="userbox">
          <form method="post" action="/lang">
            <input type="hidden" name="lang" value={otherLang} />
            <input type="hidden" name="redirectTo" value={here} />
            <button
              className="linkish"
              type="submit"
              lang={otherLang === "en" ? "en" : "zh-CN"}
              title={t("lang.switchLabel")}
            >
              {t("lang.switch")}
            </button>
          </form>
          {user ? (
            <>
              <a href="/account">
                {user.displayName} · {t(`role.${user.role}`)}
              </a>
              <form method="post" action="/logout">
                <button className="linkish" type="submit">
                  {t("nav.logout")}
                </button>
              </form>
            </>
          ) : (
            <a href={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("nav.login")}</a>
          )}
        </div>
      </div>
      {data?.demo ? <p className="demo-banner">{t("common.demoBanner")}</p> : null}
    </header>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site">
        <p>{t("app.name")}</p>
      </footer>
    </>
  );
}

export default function App() {
  const data = useRouteLoaderData<RootData>("root");
  const t = useT();
  return (
    <Shell>
      {data?.notice ? (
        <div className="alert ok" role="status">
          {t(data.notice)}
        </div>
      ) : null}
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, text] =
    status === 413
      ? [t("error.tooLarge.title"), t("error.tooLarge.text", { limit: sizeLimitOf(error) })]
      : status === 404
        ? [t("error.notFound.title"), t("error.notFound.text")]
        : status === 403
          ? [t("error.forbidden.title"), t("error.forbidden.text")]
          : status === 429
            ? [t("error.tooMany.title"), t("error.tooMany.text", { seconds: 60 })]
            : status === 503
              ? [t("error.unavailable.title"), t("error.unavailable.text")]
              : status >= 400 && status < 500
                ? [t("error.badRequest.title"), t("error.badRequest.text")]
                : [t("error.server.title"), t("error.server.text")];
  return (
    <Shell>
      <div className="error-page">
        <h1>{title}</h1>
        <p>{text}</p>
        <p className="muted">HTTP {status}</p>
        <p>
          <a href="/">{t("error.backHome")}</a>
        </p>
      </div>
    </Shell>
  );
}

/** The limit a 413 names (bodyTooLarge in app/forms/body.server.ts), as people read sizes. */
function sizeLimitOf(error: unknown): string {
  const bytes = Number((isRouteErrorResponse(error) && (error.data as { limitBytes?: unknown })?.limitBytes) || 0);
  if (!bytes) return "32 MB";
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
