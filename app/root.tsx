import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import stylesHref from "./styles/app.css?url";
import { translator, type Lang, type Translate } from "./i18n/i18n.ts";
import { useLang, useT } from "./i18n/use-t.ts";
import { useNonce } from "./ui/nonce.ts";
import { layoutData, type LayoutData } from "./layout-data.server.ts";
import { ROOT_DATA_ELEMENT_ID, rootDataJson, useRootData } from "./root-data.ts";
import { pageTitle } from "./ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  // Static files from public/ (served from build/client): see public/ and scripts/make-icons.ts.
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "apple-touch-icon", href: "/apple-touch-icon.png" },
];

export const meta: MetaFunction = () => [{ name: "color-scheme", content: "light" }];

// After a refused submission too, the page shows the record as it is now (and who is signed in).
export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  return layoutData(request);
}

export type RootData = LayoutData;
const useRoot = () => useRootData<RootData>();

export function Layout({ children }: { children: ReactNode }) {
  const lang = useLang();
  const nonce = useNonce();
  const loaded = useRouteLoaderData<RootData>("root");
  const data = useRoot();
  const catalogScript = data?.catalogScript;
  const t = translator(lang);
  const matches = useMatches();
  const error = useRouteError();
  // One <title>, naming the page (or the error) before the system; no route's meta adds another.
  const title = pageTitle(matches, t, error == null ? undefined : errorWords(error, t)[0]);
  return (
    // The account this page is drawn for: its script sends it with each submission (page-account.ts).
    <html lang={lang} data-account={data?.user?.username ?? ""}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        {/* The layout's data when Remix ran no loader for this page (decision 060). */}
        {data && loaded == null ? (
          <script
            type="application/json"
            id={ROOT_DATA_ELEMENT_ID}
            dangerouslySetInnerHTML={{ __html: rootDataJson(data) }}
          />
        ) : null}
        {/* This page's language only, before the app starts (decision 033). */}
        {catalogScript ? <script src={catalogScript} nonce={nonce} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const data = useRoot();
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
              <NavItem href="/" current={location.pathname}>
                {t("nav.home")}
              </NavItem>
            </li>
            <li>
              <NavItem href="/marks" current={location.pathname}>
                {t("nav.register")}
              </NavItem>
            </li>
            <li>
              <NavItem href="/announcements" current={location.pathname}>
                {t("announcement.list")}
              </NavItem>
            </li>
            <li>
              <NavItem href="/inspections" current={location.pathname}>
                {t("nav.inspections")}
              </NavItem>
            </li>
            {user?.role === "admin" ? (
              <li>
                <NavItem href="/admin/users" current={location.pathname}>
                  {t("nav.admin")}
                </NavItem>
              </li>
            ) : null}
            {user?.role === "admin" ? (
              <li>
                <NavItem href="/admin/api-clients" current={location.pathname}>
                  {t("admin.apiClients")}
                </NavItem>
              </li>
            ) : null}
            {user?.role === "admin" ? (
              <li>
                <NavItem href="/admin/audit" current={location.pathname}>
                  {t("audit.title")}
                </NavItem>
              </li>
            ) : null}
            {user?.role === "admin" ? (
              <li>
                <NavItem href="/admin/calendar" current={location.pathname}>
                  {t("calendar.title")}
                </NavItem>
              </li>
            ) : null}
            {user?.role === "admin" ? (
              <li>
                <NavItem href="/admin/mail" current={location.pathname}>
                  {t("outbox.title")}
                </NavItem>
              </li>
            ) : null}
            {user?.role === "admin" || user?.role === "regulator" ? (
              <li>
                <NavItem href="/admin/marks" current={location.pathname}>
                  {t("marks.admin")}
                </NavItem>
              </li>
            ) : null}
            {user && user.role !== "printer" ? (
              <li>
                <NavItem href="/ledger" current={location.pathname}>
                  {t("labels.ledgerTitle")}
                </NavItem>
              </li>
            ) : null}
            {user?.role === "regulator" ? (
              <li>
                <NavItem href="/regulator" current={location.pathname}>
                  {t("nav.regulator")}
                </NavItem>
              </li>
            ) : null}
            {user?.role === "regulator" || user?.role === "admin" ? (
              <li>
                <NavItem href="/regulator/dashboard" current={location.pathname}>
                  {t("dashboard.title")}
                </NavItem>
              </li>
            ) : null}
            {user?.role === "enterprise" ? (
              <li>
                <NavItem href={`/enterprises/${user.enterpriseId}`} current={location.pathname}>
                  {t("nav.enterprise")}
                </NavItem>
              </li>
            ) : null}
            {user?.role === "printer" ? (
              <li>
                <NavItem href="/printer" current={location.pathname}>
                  {t("nav.printer")}
                </NavItem>
              </li>
            ) : null}
            {!user ? (
              <li>
                <NavItem href="/register" current={location.pathname}>
                  {t("nav.signUp")}
                </NavItem>
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
              <a href="/notifications">
                {data?.unread ? t("notification.header.count", { n: data.unread }) : t("notification.header.link")}
              </a>
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

/**
 * A link of the main navigation, marked aria-current="page" on its own page and the pages under it
 * (a mark's register under the register); the home and the regulator's desk only on themselves, as
 * other links lead under them.
 */
function NavItem({ href, current, children }: { href: string; current: string; children: ReactNode }) {
  const exact = href === "/" || href === "/regulator";
  const here = current === href || (!exact && current.startsWith(`${href}/`));
  return (
    <a href={href} aria-current={here ? "page" : undefined}>
      {children}
    </a>
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
  const data = useRoot();
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
  const status = statusOf(error);
  const [title, text] = errorWords(error, t);
  const requestId = useRoot()?.requestId ?? null;
  return (
    <Shell>
      <div className="error-page">
        <h1>{title}</h1>
        <p>{text}</p>
        <p className="muted">HTTP {status}</p>
        {status >= 500 && requestId ? <p className="muted">{t("error.requestId", { id: requestId })}</p> : null}
        <p>
          <a href="/">{t("error.backHome")}</a>
        </p>
      </div>
    </Shell>
  );
}

const statusOf = (error: unknown) => (isRouteErrorResponse(error) ? error.status : 500);

/** An error's title and explanation in the reader's language, by its HTTP status. */
function errorWords(error: unknown, t: Translate): [string, string] {
  const status = statusOf(error);
  return status === 413
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
}

/** The limit a 413 names (bodyTooLarge in app/forms/body.server.ts), as people read sizes. */
function sizeLimitOf(error: unknown): string {
  const bytes = Number((isRouteErrorResponse(error) && (error.data as { limitBytes?: unknown })?.limitBytes) || 0);
  if (!bytes) return "32 MB";
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
