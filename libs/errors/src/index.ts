export { AppError, HTTP_STATUS_BY_CODE, isAppError, notFound, type AppErrorCode, type AppErrorOptions } from "./app-error";
export { fieldErrorsOf, firstFieldError, type FieldErrors } from "./field-errors";
export { asAppError, GENERIC_MESSAGE, toHttpError, type ErrorBody } from "./http-error";
