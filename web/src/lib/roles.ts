// Role groups as the core model defines them (src/core/model.h IsPartsMaker).
import type { Role } from '../api/types'

export const roles: Role[] = ['oem', 'tier1', 'tier2', 'material', 'logistics', 'dealer', 'institute']
export const partsMakerRoles: ReadonlySet<Role> = new Set<Role>(['tier1', 'tier2', 'material'])
export const provinces = ['Chongqing', 'Sichuan', 'OtherChina', 'Abroad'] as const
