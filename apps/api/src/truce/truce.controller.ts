import { Controller, Get, Param } from '@nestjs/common';
import type { AgreementView } from '@truce-monitor/domain';
import { ALL_ROLES, Roles } from '../auth/roles.decorator.js';
import { TruceService } from './truce.service.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { uuidParam } from '../common/params.js';

@Controller('agreements')
export class TruceController {
  constructor(private readonly truce: TruceService) {}

  @Roles(...ALL_ROLES)
  @Get()
  list(): Promise<AgreementView[]> {
    return this.truce.listAgreements();
  }

  @Roles(...ALL_ROLES)
  @Get(':id')
  get(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string): Promise<AgreementView> {
    return this.truce.getAgreement(id);
  }
}
