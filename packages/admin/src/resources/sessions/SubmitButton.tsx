import { Button, CircularProgress } from '@mui/material';
import { useFormState } from 'react-hook-form';

/** Submits the surrounding form; disabled while it saves, so a slow save is not sent twice. */
export function SubmitButton({ label }: { label: string }) {
  const { isSubmitting } = useFormState();
  return (
    <Button
      type="submit"
      variant="contained"
      disabled={isSubmitting}
      startIcon={isSubmitting ? <CircularProgress size={16} /> : undefined}
    >
      {label}
    </Button>
  );
}
