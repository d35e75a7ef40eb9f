import { ApiProperty } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { IsIn, Matches } from 'class-validator';
import { ERAS, type Era, LEVELS, type Level } from '../schema/vocabulary';
import { SAYS } from '../common/dto';

/** How a request names an administrative unit: era, level and official code. */
export class UnitRefDto {
  @ApiProperty({ ...apiEnum('Era', ERAS), example: 'new' }) @IsIn(ERAS) era!: Era;
  @ApiProperty({ ...apiEnum('Level', LEVELS), example: 'commune' }) @IsIn(LEVELS) level!: Level;
  @ApiProperty({ example: '00691' }) @Matches(/^\d{2,5}$/, SAYS.unitCode) code!: string;
}
