import type { NextFunction, Request, Response } from 'express';

// Request-level refusals answered as GraphQL errors with a code, like everything else on /graphql, rather
// than as the framework's default { message, error, statusCode }.
const refuse = (res: Response, status: number, message: string) => res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });

/** Error handler for the JSON body parser: a body that does not parse, or is too large. */
export function jsonBodyErrors(limitBytes: number) {
  return (error: { type?: string; message?: string }, _req: Request, res: Response, next: NextFunction): void => {
    if (error?.type === 'entity.too.large') return void refuse(res, 413, `The request body is larger than the limit of ${limitBytes} bytes`);
    if (error?.type === 'entity.parse.failed') return void refuse(res, 400, `The request body is not valid JSON: ${error.message}`);
    next(error);
  };
}

/** A JSON body that parsed but is not an object (an array, a string, a number, null) is not a GraphQL request. */
export function jsonBodyIsAnObject(req: Request, res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (req.method === 'POST' && req.is('application/json') && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    return void refuse(res, 400, 'The request body must be a JSON object such as {"query": "{ me { id } }", "variables": {}}');
  }
  next();
}
