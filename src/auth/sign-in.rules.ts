import type { Role } from '../schema/vocabulary';

/**
 * Whether a token may only enrol a second factor: when TOTP is required for admins
 * (TOTP_REQUIRED_FOR_ADMINS), an admin's token issued without a TOTP code (the admin has none yet,
 * or the requirement came after the token) opens GET /auth/me and the TOTP enrolment routes only.
 */
export const enrolmentOnly = (totpRequiredForAdmins: boolean, role: Role, signedInWithTotp: boolean): boolean =>
  totpRequiredForAdmins && role === 'admin' && !signedInWithTotp;
