/**
 * What a lead is and how the list is asked for: the zod schemas the forms and the server share,
 * labels, and the URL form of a list view. Browser-safe (no database).
 */
import { z } from "zod";
import {
  ASSIGNEE_ME,
  ASSIGNEE_NOBODY,
  DEFAULT_VIEW,
  LEAD_SORTS,
  LeadSources,
  LeadStatus,
  LeadStatuses,
  LeadSource,
  MIN_SEARCH_WORD,
  rangeProblems,
  searchWords,
  type LeadView,
} from "./model";

export * from "./model";

// ---------------------------------------------------------------------------------------------
// A lead's fields
// ---------------------------------------------------------------------------------------------

/** Forms send "" for an empty field; the database keeps NULL for "not given". */
const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);

const optionalText = (max: number) =>
  z.preprocess(blankToNull, z.string().trim().max(max, `Use at most ${max} characters`).nullable()).default(null);

/**
 * A phone number as people type it, kept in one form: an optional leading +, then digits only
 * (spaces, dots, dashes and brackets dropped). 6 to 15 digits, as E.164 allows.
 */
export function normalizePhone(raw: string): string | null {
  const trimmed = raw.trim();
  if (!/^\+?[\d\s().\-/]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length < 6 || digits.length > 15) return null;
  return `${trimmed.startsWith("+") ? "+" : ""}${digits}`;
}

const phoneSchema = z
  .preprocess(
    blankToNull,
    z
      .string()
      .transform((value, ctx) => {
        const phone = normalizePhone(value);
        if (!phone) ctx.addIssue({ code: "custom", message: "Enter a phone number of 6 to 15 digits, like +44 20 7946 0958" });
        return phone ?? value;
      })
      .nullable(),
  )
  .default(null);

const emailSchema = z
  .preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .toLowerCase()
      .max(254, "Use at most 254 characters")
      .pipe(z.email("Enter a valid email address, like name@example.com"))
      .nullable(),
  )
  .default(null);

export const MAX_ESTIMATED_VALUE = 9_999_999_999.99;

/** An amount as typed ("12,500", "$ 800.5") or sent (800.5): two decimals, never negative. */
const estimatedValueSchema = z
  .preprocess(
    (value) => {
      const blank = blankToNull(value);
      return typeof blank === "string" ? Number(blank.replace(/[\s,$€£]/g, "")) : blank;
    },
    z
      .number({ error: "Enter an amount, like 12500" })
      .refine(Number.isFinite, "Enter an amount, like 12500")
      .min(0, "An amount cannot be negative")
      .max(MAX_ESTIMATED_VALUE, "Use an amount below 10 billion")
      .transform((value) => Math.round(value * 100) / 100)
      .nullable(),
  )
  .default(null);

export const leadFieldsSchema = z.object({
  firstName: z.string({ error: "Enter a first name" }).trim().min(1, "Enter a first name").max(100, "Use at most 100 characters"),
  lastName: z.string().trim().max(100, "Use at most 100 characters").default(""),
  email: emailSchema,
  phone: phoneSchema,
  company: optionalText(200),
  jobTitle: optionalText(200),
  status: z.enum(LeadStatuses, { error: "Choose a status" }).default(LeadStatus.new),
  source: z.enum(LeadSources, { error: "Choose a source" }).default(LeadSource.other),
  estimatedValue: estimatedValueSchema,
  notes: optionalText(5000),
  assignedToId: z.preprocess(blankToNull, z.uuid("Choose a member of this organization").nullable()).default(null),
});
export type LeadFields = z.infer<typeof leadFieldsSchema>;
export type LeadFieldsInput = z.input<typeof leadFieldsSchema>;

export const createLeadInput = leadFieldsSchema;

/** An edit carries the `updatedAt` it started from: a newer one means someone else saved first. */
export const updateLeadInput = leadFieldsSchema.extend({
  id: z.uuid("Unknown lead"),
  updatedAt: z.coerce.date({ error: "The edit does not say which version it started from" }),
});
export type UpdateLeadInput = z.infer<typeof updateLeadInput>;

export const leadIdInput = z.object({ id: z.uuid("Unknown lead") });

// ---------------------------------------------------------------------------------------------
// The list: filter, sort, page
// ---------------------------------------------------------------------------------------------

const searchSchema = z
  .string()
  .trim()
  .max(100, "Search for at most 100 characters")
  .refine(
    (q) => q === "" || searchWords(q).some((word) => word.length >= MIN_SEARCH_WORD),
    `Type at least ${MIN_SEARCH_WORD} characters to search`,
  )
  .transform((q) => (q === "" ? undefined : q))
  .optional();

const isoDay = z.iso.date("Use a date like 2026-11-29");
const amount = z.coerce.number({ error: "Enter an amount" }).min(0, "An amount cannot be negative").max(MAX_ESTIMATED_VALUE);

export const leadFilterSchema = z
  .object({
    statuses: z.array(z.enum(LeadStatuses, { error: "Unknown status" })).max(LeadStatuses.length).default([]),
    sources: z.array(z.enum(LeadSources, { error: "Unknown source" })).max(LeadSources.length).default([]),
    /** "me", "unassigned", or a member's user id. */
    assignee: z.union([z.literal(ASSIGNEE_ME), z.literal(ASSIGNEE_NOBODY), z.uuid("Unknown member")]).optional(),
    /** Created on or after this day (UTC). */
    createdFrom: isoDay.optional(),
    /** Created on or before this day (UTC). */
    createdTo: isoDay.optional(),
    valueMin: amount.optional(),
    valueMax: amount.optional(),
    q: searchSchema,
  })
  .superRefine((filter, ctx) => {
    for (const [path, message] of Object.entries(rangeProblems(filter))) ctx.addIssue({ code: "custom", path: [path], message });
  });
export type LeadFilter = z.infer<typeof leadFilterSchema>;
export type LeadFilterInput = z.input<typeof leadFilterSchema>;

export const listLeadsInput = z.object({
  filter: leadFilterSchema.default({ statuses: [], sources: [] }),
  sort: z.enum(LEAD_SORTS, { error: "Unknown sort" }).default("created"),
  dir: z.enum(["asc", "desc"], { error: "Sort ascending or descending" }).default("desc"),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(100, "Ask for at most 100 leads at a time").default(50),
});
export type ListLeadsInput = z.input<typeof listLeadsInput>;

export const countLeadsInput = z.object({ filter: leadFilterSchema.default({ statuses: [], sources: [] }) });

// ---------------------------------------------------------------------------------------------
// Bulk actions: a selection, or everything matching a filter
// ---------------------------------------------------------------------------------------------

export const MAX_SELECTION = 1000;

export const bulkTargetSchema = z.union([
  z.object({ ids: z.array(z.uuid("Unknown lead")).min(1, "Select at least one lead").max(MAX_SELECTION, `Select at most ${MAX_SELECTION} leads, or act on the whole filter`) }),
  z.object({ filter: leadFilterSchema }),
]);
export type BulkTarget = z.infer<typeof bulkTargetSchema>;

export const bulkSetStatusInput = z.object({ target: bulkTargetSchema, status: z.enum(LeadStatuses, { error: "Choose a status" }) });
export const bulkAssignInput = z.object({
  target: bulkTargetSchema,
  assignedToId: z.uuid("Choose a member of this organization").nullable(),
});
export const bulkDeleteInput = z.object({ target: bulkTargetSchema });

// ---------------------------------------------------------------------------------------------
// The board
// ---------------------------------------------------------------------------------------------

export const boardColumnInput = z.object({
  status: z.enum(LeadStatuses, { error: "Unknown status" }),
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(100).default(20),
});

/** A card dropped in a column: between the card now above it and the one now below it (if any). */
export const moveLeadInput = z.object({
  id: z.uuid("Unknown lead"),
  status: z.enum(LeadStatuses, { error: "Unknown status" }),
  aboveId: z.uuid().nullish(),
  belowId: z.uuid().nullish(),
});
export type MoveLeadInput = z.infer<typeof moveLeadInput>;

// ---------------------------------------------------------------------------------------------
// A list view in the URL (bookmarkable, shareable)
// ---------------------------------------------------------------------------------------------

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function paramOf(params: Params, key: string): string | undefined {
  const value = params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The view a URL describes. Lenient, as a bookmark may be old or hand-edited: each part that does
 * not parse is left out (the rest still applies) and reported in `ignored`.
 */
export function leadViewFromParams(params: Params): LeadView & { ignored: string[] } {
  const ignored: string[] = [];
  const take = <T>(key: string, schema: z.ZodType<T>, raw: unknown): T | undefined => {
    if (raw === undefined || raw === "") return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    ignored.push(key);
    return undefined;
  };
  const list = (key: string) => paramOf(params, key)?.split(",").filter(Boolean);
  const filter: LeadFilter = {
    statuses: take("status", z.array(z.enum(LeadStatuses)), list("status")) ?? [],
    sources: take("source", z.array(z.enum(LeadSources)), list("source")) ?? [],
  };
  const assign = <K extends keyof LeadFilter>(key: K, value: LeadFilter[K] | undefined) => {
    if (value !== undefined) filter[key] = value;
  };
  assign("assignee", take("assignee", leadFilterSchema.shape.assignee, paramOf(params, "assignee")));
  assign("createdFrom", take("from", isoDay, paramOf(params, "from")));
  assign("createdTo", take("to", isoDay, paramOf(params, "to")));
  assign("valueMin", take("min", amount, paramOf(params, "min")));
  assign("valueMax", take("max", amount, paramOf(params, "max")));
  assign("q", take("q", searchSchema, paramOf(params, "q")));
  // The pairs must make sense together too; otherwise both ends are dropped.
  if (!leadFilterSchema.safeParse(filter).success) {
    for (const [from, to, key] of [["createdFrom", "createdTo", "to"], ["valueMin", "valueMax", "max"]] as const) {
      if (filter[from] !== undefined && filter[to] !== undefined && filter[from] > filter[to]) {
        delete filter[from];
        delete filter[to];
        ignored.push(key);
      }
    }
  }
  return {
    filter,
    sort: take("sort", z.enum(LEAD_SORTS), paramOf(params, "sort")) ?? DEFAULT_VIEW.sort,
    dir: take("dir", z.enum(["asc", "desc"]), paramOf(params, "dir")) ?? DEFAULT_VIEW.dir,
    ignored,
  };
}

// ---------------------------------------------------------------------------------------------
// What the API answers (the procedures' `.output()`)
// ---------------------------------------------------------------------------------------------

export const personSchema = z.object({ id: z.uuid(), name: z.string() });
export type Person = z.infer<typeof personSchema>;

export const leadSchema = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  jobTitle: z.string().nullable(),
  status: z.enum(LeadStatuses),
  source: z.enum(LeadSources),
  estimatedValue: z.number().nullable(),
  notes: z.string().nullable(),
  assignee: personSchema.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Lead = z.infer<typeof leadSchema>;

export const leadPageSchema = z.object({ items: z.array(leadSchema), nextCursor: z.string().nullable() });
export type LeadPage = z.infer<typeof leadPageSchema>;

export const statusCountsSchema = z.object({
  total: z.number().int(),
  byStatus: z.record(z.enum(LeadStatuses), z.number().int()),
});

export const leadActivitySchema = z.object({
  id: z.uuid(),
  kind: z.enum(["status", "assignee"]),
  actor: personSchema.nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** For assignee changes: the names of the people, when they are still known. */
  fromName: z.string().nullable(),
  toName: z.string().nullable(),
  at: z.date(),
});
export type LeadActivity = z.infer<typeof leadActivitySchema>;

export const leadDetailSchema = z.object({ lead: leadSchema, activity: z.array(leadActivitySchema) });

export const boardSummarySchema = z.array(
  z.object({ status: z.enum(LeadStatuses), count: z.number().int(), value: z.number() }),
);

export const bulkResultSchema = z.object({ changed: z.number().int() });

export const pipelineOverviewSchema = z.object({
  total: z.number().int(),
  byStatus: boardSummarySchema,
  /** Estimated value of the leads still open (not won, not lost). */
  openValue: z.number(),
  wonThisMonth: z.object({ count: z.number().int(), value: z.number() }),
});


// ---------------------------------------------------------------------------------------------
// CSV import: the fields a column can fill, and a first guess from the header
// ---------------------------------------------------------------------------------------------

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

export const IMPORT_FIELDS = [
  "fullName",
  "firstName",
  "lastName",
  "email",
  "phone",
  "company",
  "jobTitle",
  "status",
  "source",
  "estimatedValue",
  "notes",
  "assigneeEmail",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  fullName: "Full name (split into first and last)",
  firstName: "First name",
  lastName: "Last name",
  email: "Email",
  phone: "Phone",
  company: "Company",
  jobTitle: "Job title",
  status: "Status",
  source: "Source",
  estimatedValue: "Estimated value",
  notes: "Notes",
  assigneeEmail: "Assignee (a member's email)",
};

/** Header names, simplified (lower case, letters and digits only), that usually mean a field. */
const HEADER_SYNONYMS: Record<ImportField, string[]> = {
  fullName: ["name", "fullname", "contact", "contactname", "leadname"],
  firstName: ["firstname", "first", "givenname", "forename"],
  lastName: ["lastname", "last", "surname", "familyname"],
  email: ["email", "emailaddress", "mail", "workemail"],
  phone: ["phone", "phonenumber", "telephone", "tel", "mobile", "cell"],
  company: ["company", "companyname", "organization", "organisation", "account", "business"],
  jobTitle: ["jobtitle", "title", "position", "role"],
  status: ["status", "stage", "leadstatus", "pipelinestage"],
  source: ["source", "leadsource", "channel", "origin"],
  estimatedValue: ["estimatedvalue", "value", "amount", "dealvalue", "dealsize", "revenue"],
  notes: ["notes", "note", "comments", "comment", "description"],
  assigneeEmail: ["assignee", "assigneeemail", "owner", "owneremail", "assignedto"],
};

const simplify = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

export const importMappingSchema = z
  .partialRecord(z.enum(IMPORT_FIELDS), z.number().int().min(0).max(500))
  .refine((mapping) => mapping.firstName !== undefined || mapping.fullName !== undefined, {
    message: "Choose the column with the first name (or the full name)",
    path: ["firstName"],
  })
  .refine((mapping) => !(mapping.firstName !== undefined && mapping.fullName !== undefined), {
    message: "Use either a full name column or first and last name columns, not both",
    path: ["fullName"],
  })
  .refine((mapping) => new Set(Object.values(mapping)).size === Object.values(mapping).length, {
    message: "Each column can fill one field only",
    path: ["form"],
  });
export type ImportMapping = z.infer<typeof importMappingSchema>;

/** The mapping a header most likely means; the person reviews it before anything runs. */
export function guessImportMapping(header: string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const used = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const index = header.findIndex((name, column) => !used.has(column) && HEADER_SYNONYMS[field].includes(simplify(name)));
    if (index >= 0) {
      mapping[field] = index;
      used.add(index);
    }
  }
  // A "Name" column alongside first/last name columns is not a full name.
  if (mapping.fullName !== undefined && mapping.firstName !== undefined) delete mapping.fullName;
  return mapping;
}

export const startLeadImportInput = z.object({
  id: z.uuid("Unknown import"),
  mapping: importMappingSchema,
  duplicateMode: z.enum(["skip", "update", "create"], { error: "Choose what to do with duplicates" }),
  /** Import the valid rows and leave out the invalid ones (only after seeing the errors). */
  skipInvalidRows: z.boolean().default(false),
});
export type StartLeadImportInput = z.input<typeof startLeadImportInput>;

export const leadImportSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  fileBytes: z.number().int(),
  header: z.array(z.string()),
  mapping: z.partialRecord(z.enum(IMPORT_FIELDS), z.number().int()).nullable(),
  status: z.enum(["uploaded", "queued", "running", "needs_review", "completed", "failed", "canceled"]),
  duplicateMode: z.enum(["skip", "update", "create"]).nullable(),
  skipInvalidRows: z.boolean(),
  totalRows: z.number().int().nullable(),
  processedRows: z.number().int(),
  insertedRows: z.number().int(),
  updatedRows: z.number().int(),
  skippedRows: z.number().int(),
  errorRows: z.number().int(),
  failure: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
  /** The first errors, for the page (all of them are in the downloadable CSV). */
  errors: z.array(z.object({ line: z.number().int(), column: z.string(), message: z.string() })),
});
export type LeadImport = z.infer<typeof leadImportSchema>;

export const uploadedImportSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  header: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  mapping: z.partialRecord(z.enum(IMPORT_FIELDS), z.number().int()),
});
export type UploadedImport = z.infer<typeof uploadedImportSchema>;
