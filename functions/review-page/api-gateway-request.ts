import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { parseCookies, type ReviewRequest, type ReviewResponse } from './review-http.js';

/** Bodies above this are refused before parsing (API Gateway allows 10 MB; a form is a few KB). */
const MAX_BODY_BYTES = 65_536;

/** An API Gateway (REST, proxy integration) event as the page's request; `path` is below the stage. */
export function requestOfEvent(event: APIGatewayProxyEvent): ReviewRequest {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers.set(name.toLowerCase(), value);
  }
  const query = new URLSearchParams();
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    for (const value of values ?? []) query.append(name, value);
  }
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return {
    method: event.httpMethod.toUpperCase(),
    path: event.path || '/',
    query,
    headers,
    cookies: parseCookies(headers.get('cookie')),
    body: Buffer.byteLength(body) > MAX_BODY_BYTES ? '' : body,
  };
}

/** The page's response as API Gateway wants it: cookies as multi-value `Set-Cookie`. */
export function resultOfResponse(response: ReviewResponse): APIGatewayProxyResult {
  return {
    statusCode: response.status,
    headers: response.headers,
    multiValueHeaders: response.cookies.length > 0 ? { 'Set-Cookie': response.cookies } : {},
    body: response.body,
  };
}
