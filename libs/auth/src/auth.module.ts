import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '@sce/config';
import type { Gate } from '@sce/event-sourcing';
import { APP_CONFIG, CommandExecutor, READ_MODELS, WRITE_GATE } from '@sce/platform';
import type { DataSource } from 'typeorm';
import { AccountsService } from './accounts.service';
import { ApiKeysService } from './api-keys.service';
import { AccountsResolver } from './graphql/accounts.resolver';
import { AuthorizationGuard } from './graphql/authorization.guard';
import { TokenService } from './tokens';
import { PasswordAttempts } from './password-attempts';

@Module({
  providers: [
    { provide: TokenService, useFactory: (config: AppConfig) => new TokenService(config.auth.jwtSecret, config.auth.tokenTtlSeconds), inject: [APP_CONFIG] },
    { provide: PasswordAttempts, useFactory: (config: AppConfig) => new PasswordAttempts(config.auth.passwordAttempts), inject: [APP_CONFIG] },
    {
      provide: AccountsService,
      useFactory: (db: DataSource, gate: Gate, commands: CommandExecutor, attempts: PasswordAttempts) =>
        new AccountsService(db, gate, (decider, streamId, command, options) => commands.execute(decider, streamId, command, options), attempts),
      inject: [READ_MODELS, WRITE_GATE, CommandExecutor, PasswordAttempts],
    },
    {
      provide: ApiKeysService,
      useFactory: (db: DataSource, gate: Gate, commands: CommandExecutor) => new ApiKeysService(db, gate, (decider, streamId, command, options) => commands.execute(decider, streamId, command, options)),
      inject: [READ_MODELS, WRITE_GATE, CommandExecutor],
    },
    AccountsResolver,
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
  // The GraphQL context names history's actors with it (HistoryEntry.actorName).
  exports: [AccountsService],
})
export class AuthModule {}
