import { z } from 'zod';

/** `services[].public`: the component customers know the service as. Services without it are never shown. */
export const PublicService = z.strictObject({
  component: z.string().trim().min(1, 'must name the public component').max(100, 'must be at most 100 characters'),
});

/** `status_page.statuspage`: Atlassian Statuspage, with FIREBREAK_STATUSPAGE_API_KEY. */
const Statuspage = z.strictObject({
  page_id: z.string().regex(/^[A-Za-z0-9]+$/, 'must be the page id shown on Statuspage’s API info page'),
  /** Service name → Statuspage component id. */
  components: z.record(z.string(), z.string().regex(/^[A-Za-z0-9]+$/, 'must be a Statuspage component id')).default({}),
  api_url: z.url({ message: 'must be a URL' }).default('https://api.statuspage.io'),
});

/** `status_page:` (README "Status page"). Absent: nothing is published and /status is not served. */
export const StatusPage = z.strictObject({
  title: z.string().trim().min(1).max(100).default('Status'),
  logo_url: z.url({ message: 'must be a URL' }).optional(),
  /** Shown in the page's header: label → URL. */
  links: z.record(z.string().min(1).max(40), z.url({ message: 'must be a URL' })).default({}),
  /** Serve GET /status, /status.json and /status/feed.atom (false: publish to Statuspage only). */
  builtin: z.boolean().default(true),
  statuspage: Statuspage.optional(),
});
export type StatusPageConfig = z.infer<typeof StatusPage>;

/** Configuration mistakes a schema alone cannot see: components for services that are not public. */
export function checkStatusPage(
  statusPage: StatusPageConfig | undefined,
  services: { name: string; public?: unknown }[],
): { path: (string | number)[]; message: string }[] {
  const mapped = statusPage?.statuspage?.components ?? {};
  return Object.keys(mapped).flatMap((name) => {
    const service = services.find((s) => s.name === name);
    if (service?.public) return [];
    return [
      {
        path: ['status_page', 'statuspage', 'components', name],
        message: service
          ? `"${name}" has no public component: add public: { component: "…" } to the service`
          : `"${name}" is not a configured service`,
      },
    ];
  });
}
