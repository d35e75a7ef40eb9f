import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { UnitsModule } from '../units/units.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { ThrottleStorageModule } from './throttle/throttle.module';
import { TotpSecretBox } from './totp-secrets';
import { TotpService } from './totp.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [
    UnitsModule,
    ThrottleStorageModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on every verify.
      useFactory: (c: AppConfig) => ({
        secret: createSecretKey(Buffer.from(c.jwtSecret, 'utf8')),
        signOptions: { expiresIn: c.jwtTtlSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    UsersRepository,
    UsersService,
    AuthService,
    TotpService,
    LoginThrottlerGuard,
    { provide: TotpSecretBox, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new TotpSecretBox(c.totpSecretKey ?? c.jwtSecret) },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService],
})
export class AuthModule {}
