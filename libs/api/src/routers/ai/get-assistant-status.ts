import { getAiCreditBalance } from "@saas/billing";
import { canManageBilling } from "@saas/auth";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";

/**
 * What the assistant page needs first: whether a model is configured (and if not, why), whether
 * the plan includes the assistant, and the organization's AI credits now.
 */
export const getAssistantStatusProcedure = organizationProcedure
  .meta({ permission: { ai: ["use"] } })
  .input(z.object({}).optional())
  .output(
    z.object({
      configured: z.boolean(),
      reason: z.string().nullable(),
      model: z.string().nullable(),
      included: z.boolean(),
      credits: z.object({
        monthlyAllowance: z.number().nullable(),
        allowanceLeft: z.number().nullable(),
        purchased: z.number(),
        available: z.number().nullable(),
      }),
      canBuyCredits: z.boolean(),
    }),
  )
  .query(async ({ ctx }) => {
    const entitlements = await ctx.entitlements();
    const monthlyAllowance = entitlements.limits.aiCreditsPerMonth;
    const balance = await ctx.tenant((tx) => getAiCreditBalance(tx, { organizationId: ctx.organization.id, monthlyAllowance }));
    return {
      configured: ctx.ai.configured,
      reason: ctx.ai.configured ? null : ctx.ai.reason,
      model: ctx.ai.configured ? `${ctx.ai.provider}:${ctx.ai.model}` : null,
      included: entitlements.features.aiAssistant,
      credits: { monthlyAllowance, allowanceLeft: balance.allowanceLeft, purchased: balance.purchased, available: balance.available },
      canBuyCredits: canManageBilling(ctx.member.role),
    };
  });
