/**
 * Puts a password into a connection URL at run time. Tests need password-bearing URLs to
 * prove redaction; building them here keeps credential-shaped literals out of the repository.
 */
export function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}
