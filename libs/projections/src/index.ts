export * from './projection';
export * from './projection-runner';
export * from './projection-checkpoint.entity';
export * from './migrations/1764320000000-create-projection-checkpoints';
export * from './leadership';
