// GET, POST /api/auth/* — Better Auth: sign-up, sign-in, email links, sessions, 2FA, organizations
import { getAuth } from "../../../../server/auth";

export const dynamic = "force-dynamic";

const handle = (request: Request) => getAuth().handleRequest(request);

export { handle as GET, handle as POST };
