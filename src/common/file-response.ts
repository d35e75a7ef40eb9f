import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

/** The media types of the files the API answers with. */
export const FILE_MEDIA_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

/**
 * The 200 of an operation that answers a file: each media type with a binary string, and, where the
 * same answer can also be JSON (or GeoJSON), that media type with the model's schema.
 */
export function ApiFileResponse(description: string, files: readonly string[], json?: { mediaType: string; model: Type<unknown> }): MethodDecorator {
  const content: Record<string, object> = {};
  if (json) content[json.mediaType] = { schema: { $ref: getSchemaPath(json.model) } };
  for (const mediaType of files) content[mediaType] = BINARY;
  return applyDecorators(...(json ? [ApiExtraModels(json.model)] : []), ApiOkResponse({ description, content }));
}
