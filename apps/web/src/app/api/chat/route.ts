// POST /api/chat — one turn of an AI assistant chat, streamed (the AI SDK's UI message stream).
// The same checks as the API's organization tier (signed in, member of the active organization,
// permission ai:use, a request from this app's pages, writes not paused), then the turn itself
// with no transaction open while the model runs.
import { asOrganizationMember, leadLimitOf } from "@saas/api";
import { chatRequestSchema, streamChatTurn } from "@saas/ai";
import { AppError, fieldErrorsOf } from "@saas/errors";
import { getAiConfig, getChatModel, toolApprovalSecret } from "../../../server/ai";
import { contextForRequest, errorResponse } from "../../../server/api";

export async function POST(request: Request) {
  const context = contextForRequest(request);
  try {
    // Who is asking, first: an anonymous request learns nothing, not even whether a model is configured.
    const access = await asOrganizationMember(context, { write: true, permission: { ai: ["use"] } }, async ({ organization, member, user, entitlements }) => ({
      organization,
      member,
      user,
      entitlements: await entitlements(),
    }));
    if (!access.entitlements.features.aiAssistant) {
      throw new AppError("FORBIDDEN", `The ${access.entitlements.plan.name} plan does not include the AI assistant. An owner or admin can upgrade on the Billing page.`, { reason: "AI_NOT_IN_PLAN" });
    }
    const config = getAiConfig();
    const chatModel = getChatModel();
    if (!config.configured || !chatModel) throw new AppError("SERVICE_UNAVAILABLE", config.configured ? "The AI model is not available." : config.reason, { reason: "AI_NOT_CONFIGURED" });
    const parsed = chatRequestSchema.safeParse(await request.json().catch(() => null));
    if (!parsed.success) throw new AppError("BAD_REQUEST", "The message cannot be sent as it is.", { reason: "INVALID_INPUT", fieldErrors: fieldErrorsOf(parsed.error) });
    return await streamChatTurn({
      db: context.db,
      model: chatModel.model,
      modelId: chatModel.id,
      member: { organizationId: access.organization.id, organizationName: access.organization.name, userId: access.user.id, name: access.user.name, role: access.member.role },
      request: parsed.data,
      monthlyAllowance: access.entitlements.limits.aiCreditsPerMonth,
      leadLimit: leadLimitOf(access.entitlements),
      rateLimitPerMinute: config.rateLimitPerMinute,
      approvalSecret: toolApprovalSecret(),
      signal: request.signal,
      onBackgroundError: (error, what) => context.log.error({ err: error, requestId: context.requestId }, `AI chat: ${what} failed`),
    });
  } catch (error) {
    return errorResponse(error, context);
  }
}
