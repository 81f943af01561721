// GET|POST /api/auth/* — Auth.js endpoints (OAuth callbacks, magic links, session, CSRF).
import { handlers } from '@/lib/auth';

export const { GET, POST } = handlers;
