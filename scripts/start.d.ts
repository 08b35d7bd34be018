/** Build when there is no build, or when any input changed at or after the last one started. */
export function needsBuild(state: { stampMs: number | undefined; entryExists: boolean; newestInputMs: number }): boolean;
/** dist/web/index.html: the portal's page, without which a build counts as missing. */
export const WEB_INDEX: string;
