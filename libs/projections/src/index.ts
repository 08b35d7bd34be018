export * from './projection';
export * from './projection-runner';
export * from './projection-checkpoint.entity';
export * from './projection-parked-event.entity';
export * from './sink-projection';
export * from './migrations/1764320000000-create-projection-checkpoints';
export * from './migrations/1764320700000-create-projection-parked-events';
export * from './leadership';
