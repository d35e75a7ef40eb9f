import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, type FieldError, invalidFields } from './errors';
import { toNfc } from './text';

class CollectedValidationErrors extends Error {
  constructor(readonly errors: FieldError[]) {
    super('validation failed');
  }
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ field, message });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * The one global validation pipe: strings are normalised to NFC first, then class-validator runs
 * with whitelist + forbidNonWhitelisted + transform. A bad body is 422 (the request was understood,
 * its content is wrong); a bad query or path parameter is 400.
 */
@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new CollectedValidationErrors(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto = metadata.metatype !== undefined && ![String, Number, Boolean, Object, Array].includes(metadata.metatype as never);
    if (metadata.type === 'body' && isDto && (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new DomainError('validation-failed', { vi: 'Nội dung yêu cầu phải là một đối tượng JSON', en: 'The request body must be a JSON object' }, {
        errors: [{ field: '(body)', message: { vi: 'phải là một đối tượng JSON', en: 'must be a JSON object' } }],
      });
    }
    try {
      return await super.transform(toNfc(value), metadata);
    } catch (err) {
      if (!(err instanceof CollectedValidationErrors)) throw err;
      if (metadata.type === 'body') throw invalidFields(err.errors);
      const fields = err.errors.map((e) => e.field).filter((f, i, a) => a.indexOf(f) === i).join(', ');
      const where = { query: 'truy vấn', param: 'đường dẫn', custom: 'tuỳ chỉnh' }[metadata.type];
      throw new DomainError('invalid-parameter', { vi: `Tham số ${where} không hợp lệ: ${fields}`, en: `Invalid ${metadata.type} parameter(s): ${fields}` }, { errors: err.errors });
    }
  }
}
