import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A key the service generated for itself because none was configured (SPEC §16): one row per
 * key, written once and never changed, so every process of a deployment reads the same one.
 */
@Entity('secret')
export class StoredSecret {
  /** which key: "jwt" or "certificate" */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  /** 32 random bytes, base64url */
  @Column({ type: 'varchar', length: 128 })
  value!: string;

  @Column({ type: 'varchar', length: 40 })
  createdAt!: string;
}
