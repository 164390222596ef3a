import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { WindowDto } from './window.dto';

/** Move a stage's windows (commissions extend deadlines). Verification and objection windows belong to questionnaire stages. */
export class StageWindowsDto {
  @ApiPropertyOptional({ type: WindowDto, description: 'answering (questionnaire) or scoring (panel) window' })
  @IsOptional()
  @ValidateNested()
  @Type(() => WindowDto)
  window?: WindowDto;

  @ApiPropertyOptional({ type: WindowDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WindowDto)
  verificationWindow?: WindowDto;

  @ApiPropertyOptional({ type: WindowDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WindowDto)
  objectionWindow?: WindowDto;
}
