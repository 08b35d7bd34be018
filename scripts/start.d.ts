/** Build when there is no build, or when any input changed at or after the last one started. */
export function needsBuild(state: { stampMs: number | undefined; entryExists: boolean; newestInputMs: number }): boolean;
