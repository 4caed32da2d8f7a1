import { z } from 'zod';

/**
 * Where the binder printer's jobs live in the evidence bucket: outside `reports/` (nothing here is
 * evidence; the printed PDF is sealed into the rollup's own folder by the report function).
 */
export const BINDER_JOBS_PREFIX = 'binder-jobs/';

/** Where one project's jobs live: each project's printer and report function reach only theirs. */
export const binderJobsFolder = (projectId: string) => `${BINDER_JOBS_PREFIX}${projectId}/`;

/** A job's keys: the page the report function writes, the PDF the printer writes back. */
export const binderJobKeys = (projectId: string, jobId: string) => ({
  htmlKey: `${binderJobsFolder(projectId)}${jobId}/binder.html`,
  pdfKey: `${binderJobsFolder(projectId)}${jobId}/binder.pdf`,
});

const JOB_KEY = /^binder-jobs\/[A-Za-z0-9]{1,64}\/[0-9a-f-]{36}\/binder\.(html|pdf)$/;

/**
 * The printer's invocation payload. The page travels through S3, not the payload: a binder of a
 * year can exceed Lambda's 6 MB synchronous payload limit, and so can its PDF.
 */
export const printJobSchema = z
  .object({
    htmlKey: z.string().regex(JOB_KEY),
    pdfKey: z.string().regex(JOB_KEY),
    /** The PDF's creation and modification date (ms since the epoch): the period's end. */
    documentDate: z.number().int().nonnegative(),
  })
  .strict()
  .refine((job) => job.htmlKey.endsWith('.html') && job.pdfKey === job.htmlKey.replace(/html$/, 'pdf'), {
    message: 'pdfKey must be the job folder of htmlKey',
  });

export type PrintJob = z.infer<typeof printJobSchema>;

/** What the printer answers once the PDF is stored at `pdfKey`. */
export const printResultSchema = z.object({
  pdfKey: z.string(),
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export type PrintResult = z.infer<typeof printResultSchema>;
