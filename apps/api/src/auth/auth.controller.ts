import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { type AuthUser, type LoginInput, type LoginResponse, loginSchema } from '@truce-monitor/domain';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthService } from './auth.service.js';
import { CurrentUser } from './current-user.decorator.js';
import { ALL_ROLES, Public, Roles } from './roles.decorator.js';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Ip() ip: string, @Body(new ZodValidationPipe(loginSchema)) body: LoginInput): Promise<LoginResponse> {
    return this.auth.login(body, ip);
  }

  @Roles(...ALL_ROLES)
  @Post('logout')
  @HttpCode(204)
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user.id);
  }
}
