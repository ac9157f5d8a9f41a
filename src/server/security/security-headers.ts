/**
 * Headers on every answer, the page's above all: a Content-Security-Policy that lets the
 * page load only its own scripts, styles and connections (the WebSocket included) and be
 * framed by nobody (clickjacking a lock's buttons), no MIME sniffing, no Referer leaving
 * the page (it could carry `?token=`), and a window no other site can script.
 */
import type { FastifyReply } from "fastify";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // The favicon is a data: URI in index.html.
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

export function setSecurityHeaders(reply: FastifyReply): void {
  void reply.headers(SECURITY_HEADERS);
}
