import { ApiProperty } from '@nestjs/swagger';

export class AuditEntryDto {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'ISO-8601 instant of the change' }) at!: string;
  @ApiProperty({ description: 'username of whoever made the change' }) actor!: string;
  @ApiProperty({ example: 'answer.save' }) action!: string;
  @ApiProperty({ nullable: true, type: String, description: 'body code the change concerns' }) body!: string | null;
  @ApiProperty({ example: 'answer 1.3' }) subject!: string;
  @ApiProperty({ nullable: true, type: Object }) before!: object | null;
  @ApiProperty({ nullable: true, type: Object }) after!: object | null;
}

export class AccountAuditEntryDto extends AuditEntryDto {
  @ApiProperty({ nullable: true, type: String, description: 'the commission the entry concerns (null: none in particular)' }) commission!: string | null;
}
