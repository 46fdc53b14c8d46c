import type { SchemeValidationIssue } from '../../api/types.js';
import type { YamlPath } from '../../lib/yaml-edit.js';

/** What the editor page hands each of its three steps. */
export interface StepProps {
  data: Record<string, unknown>;
  update: (path: YamlPath, value: unknown) => void;
  issues: SchemeValidationIssue[];
  isNew: boolean;
}
