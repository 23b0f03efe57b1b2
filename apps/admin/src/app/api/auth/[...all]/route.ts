// GET, POST /api/auth/* — Better Auth for staff: sign-in, 2FA, sessions, the admin endpoints
import { getAuth } from "../../../../server/auth";

export const dynamic = "force-dynamic";

const handle = (request: Request) => getAuth().handleRequest(request);

export { handle as GET, handle as POST };
