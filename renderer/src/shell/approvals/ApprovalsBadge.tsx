import { Badge, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePendingApprovals } from './approvals-context';

/** On the Larm menu item: how many alerts wait for this user's approval (said in words too). */
export function ApprovalsBadge() {
  const { t } = useTranslation();
  const count = usePendingApprovals().alerts.length;
  if (count === 0) return null;
  return (
    <>
      <Badge color="orange" variant="filled" size="sm" circle aria-hidden data-testid="approvals-badge">
        {count}
      </Badge>
      <VisuallyHidden>{t('banners.approvals.badge', { count })}</VisuallyHidden>
    </>
  );
}
