import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { requestOfEvent, resultOfResponse } from '../../functions/review-page/api-gateway-request.js';
import { handler } from '../../functions/review-page/handler.js';

/** A REST proxy event with only what API Gateway always sends; the rest may be null or absent. */
const bare = (partial: Partial<APIGatewayProxyEvent>): APIGatewayProxyEvent =>
  ({
    httpMethod: 'get',
    path: '',
    headers: null,
    multiValueQueryStringParameters: null,
    body: null,
    ...partial,
  }) as never;

describe('API Gateway events as review requests', () => {
  it('reads an event without headers, query or body as a GET of the page root', () => {
    const request = requestOfEvent(bare({}));
    expect(request).toMatchObject({ method: 'GET', path: '/', body: '' });
    expect([...request.headers]).toEqual([]);
    expect([...request.query]).toEqual([]);
    expect([...request.cookies]).toEqual([]);
  });

  it('lower-cases header names, drops absent values, keeps every value of a repeated query parameter', () => {
    const request = requestOfEvent(
      bare({
        path: '/campaigns/c1',
        headers: { 'Content-Type': 'text/plain', 'X-Absent': undefined, Cookie: 'a=1; a=2; junk; b=x=y' },
        multiValueQueryStringParameters: { item: ['i1', 'i2'], empty: undefined },
      }),
    );
    expect(request.headers.get('content-type')).toBe('text/plain');
    expect(request.headers.has('x-absent')).toBe(false);
    expect(request.query.getAll('item')).toEqual(['i1', 'i2']);
    expect(request.query.has('empty')).toBe(false);
    expect([...request.cookies]).toEqual([
      ['a', '1'],
      ['b', 'x=y'],
    ]);
  });

  it('decodes a base64 body and refuses one above 64 KiB before it is parsed', () => {
    const small = requestOfEvent(
      bare({ body: Buffer.from('csrf=t&outcome=keep').toString('base64'), isBase64Encoded: true }),
    );
    expect(small.body).toBe('csrf=t&outcome=keep');
    const large = requestOfEvent(bare({ body: `csrf=t&x=${'a'.repeat(70_000)}` }));
    expect(large.body).toBe('');
    const largeEncoded = requestOfEvent(
      bare({ body: Buffer.from('a'.repeat(70_000)).toString('base64'), isBase64Encoded: true }),
    );
    expect(largeEncoded.body).toBe('');
  });

  it('answers cookies as multi-value Set-Cookie, and none when there are none', () => {
    const response = { status: 303, headers: { location: '/' }, body: '', cookies: ['a=1', 'b=2'] };
    expect(resultOfResponse(response)).toEqual({
      statusCode: 303,
      headers: { location: '/' },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      body: '',
    });
    expect(resultOfResponse({ ...response, cookies: [] }).multiValueHeaders).toEqual({});
  });
});

describe('the review Lambda handler', () => {
  it('answers a plain 500 that carries nothing of the request when it cannot start, and tries again next time', async () => {
    // The test process has none of the review function's configuration: the start fails on it.
    const event = bare({ path: '/', headers: { Cookie: '__Host-review-session=secret-session-token' } });
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await handler(event);
      expect(result.statusCode).toBe(500);
      expect(result.headers?.['content-type']).toBe('text/plain; charset=utf-8');
      expect(result.headers?.['cache-control']).toBe('no-store');
      expect(result.body).toBe('The review page could not answer. Try again in a moment.');
    }
  });
});
