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
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [
    UnitsModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on every verify.
      useFactory: (c: AppConfig) => ({ secret: createSecretKey(Buffer.from(c.jwtSecret, 'utf8')), signOptions: { expiresIn: c.jwtTtlSeconds, algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [UsersRepository, UsersService, AuthService, LoginThrottlerGuard, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [UsersService],
})
export class AuthModule {}
