import { defineMiddleware } from 'astro:middleware';
import { appDatabase } from './server/db/instance.ts';

// Open and migrate the database when the server starts, not on the first visitor's request.
appDatabase().catch(() => {});

export const onRequest = defineMiddleware((_context, next) => next());
