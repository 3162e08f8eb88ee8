import { Body, Controller, Param, Post } from '@nestjs/common';
import {
  type AuthUser,
  type DesignationPositionInput,
  type NewExclusion,
  type NewParty,
  type SignatoryChange,
  designationPositionSchema,
  newExclusionSchema,
  newPartySchema,
  signatoryChangeSchema,
} from '@truce-monitor/domain';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/params.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { RegistryService } from './registry.service.js';

const id = new ZodValidationPipe(uuidParam, 'id');

@Controller()
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

  @Roles('admin')
  @Post('agreements/:id/parties')
  addParty(@CurrentUser() user: AuthUser, @Param('id', id) agreementId: string, @Body(new ZodValidationPipe(newPartySchema)) body: NewParty) {
    return this.registry.addParty(user, agreementId, body);
  }

  @Roles('admin')
  @Post('parties/:id/signatory-statuses')
  changeSignatoryStatus(
    @CurrentUser() user: AuthUser,
    @Param('id', id) partyId: string,
    @Body(new ZodValidationPipe(signatoryChangeSchema)) body: SignatoryChange,
  ) {
    return this.registry.changeSignatoryStatus(user, partyId, body);
  }

  @Roles('admin', 'officer')
  @Post('agreements/:id/exclusions')
  addExclusion(@CurrentUser() user: AuthUser, @Param('id', id) agreementId: string, @Body(new ZodValidationPipe(newExclusionSchema)) body: NewExclusion) {
    return this.registry.addExclusion(user, agreementId, body);
  }

  @Roles('admin', 'officer')
  @Post('exclusions/:id/positions')
  takePosition(
    @CurrentUser() user: AuthUser,
    @Param('id', id) exclusionId: string,
    @Body(new ZodValidationPipe(designationPositionSchema)) body: DesignationPositionInput,
  ) {
    return this.registry.takePosition(user, exclusionId, body);
  }
}
