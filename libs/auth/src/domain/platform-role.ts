// Roles on the platform as a whole (organisation roles are separate: OWNER, EDITOR, MEMBER).
export const PlatformRole = {
  ADMIN: 'ADMIN',
  REVIEWER: 'REVIEWER',
  POLICY_AUTHOR: 'POLICY_AUTHOR',
} as const;
export type PlatformRole = (typeof PlatformRole)[keyof typeof PlatformRole];
