// The guidelines context's public surface: so far its pure domain (decider, diff, comment anchors, blame).
export * from './domain/guideline-content';
export * from './domain/guideline.events';
export * from './domain/guideline.commands';
export * from './domain/guideline.errors';
export * from './domain/guideline.decide';
export * from './domain/guideline';
export * from './domain/guideline-diff';
export * from './domain/comment-anchors';
export * from './domain/blame';
