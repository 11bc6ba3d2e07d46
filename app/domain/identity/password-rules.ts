/** Password length rules, shared by the forms' schemas and the server's policy check. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
